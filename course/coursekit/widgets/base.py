"""The machinery every explorer shares: one matplotlib figure redrawn in place into a PNG image.

An explorer is an ``ipywidgets.VBox`` (so it renders itself as a cell's last expression) holding
its controls and an ``ipywidgets.Image``. Its figure is a bare ``matplotlib.figure.Figure`` on the
Agg canvas, never registered with pyplot: no inline backend shows it a second time, nothing piles
up in ``plt.get_fignums()``, and it is freed with the explorer. On every control change the
explorer moves its existing artists (``set_data`` and friends) and re-encodes the one figure as a
PNG; the browser swaps the image's pixels in place, so there is no flicker and nothing to clear.
This needs ipywidgets only, no front-end extension such as ipympl.

Blitting keeps a move cheap: artists that change are marked animated, so a full draw renders
only the static rest (axes, ticks, labels: text is most of matplotlib's drawing time). That
background is kept as pixels and redrawn only when an axis limit or visibility changes; a move
restores it and draws just the animated artists on top. The last few backgrounds are kept, so
moving back and forth between two axis ranges does not redraw the static part each time.

An explorer that needs an exercise's answer takes the student's own function or class as an
argument and calls it through ``student_call``: until it is written (it raises
NotImplementedError) or while it fails, the explorer says so in its readout and draws nothing
for it, instead of falling back on an answer key.
"""

import io
from contextlib import contextmanager

import ipywidgets as widgets
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 100
# zlib level 1 encodes about twice as fast as the default level 6, for a file ~15% larger.
PNG_COMPRESS_LEVEL = 1
SLIDER_STYLE = {"description_width": "initial"}
BACKGROUNDS_KEPT = 4    # each is the figure's full RGBA buffer, 1.4 to 2 MB


def png_bytes(canvas):
    """Encode the pixels an Agg canvas last drew as PNG bytes (RGB, no alpha channel)."""
    width, height = canvas.get_width_height()
    image = PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL)
    return buffer.getvalue()


def new_figure(figsize):
    """A Figure on its own Agg canvas, outside pyplot's figure manager."""
    figure = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def slider(cls, description, **kwargs):
    """An ipywidgets slider with the full description visible and live updates while dragging."""
    kwargs.setdefault("continuous_update", True)
    kwargs.setdefault("layout", widgets.Layout(width="420px"))
    return cls(description=description, style=SLIDER_STYLE, **kwargs)


class StudentCodeError(Exception):
    """The student's function or class could not give an explorer its numbers; the message
    says which exercise to write or what went wrong, for the explorer's readout."""


def student_call(what, exercise, fn, *args, **kwargs):
    """fn(*args, **kwargs), where fn is the student's code for `exercise`.

    what: how the call reads ("your gradient_descent"); exercise: what to write, e.g.
    "gradient_descent (exercise 3)". Raises StudentCodeError with a readable message when fn
    raises NotImplementedError (not written yet) or any other exception.
    """
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise StudentCodeError(f"Write {exercise} first; then run this cell again.") from None
    except Exception as exc:  # the student's bug, shown in the readout instead of a traceback
        raise StudentCodeError(f"{what} raised {type(exc).__name__}: {exc}".rstrip(": ")) from None


def check_callable(explorer, name, thing):
    """ValueError naming the explorer and argument unless `thing` can be called."""
    if not callable(thing):
        raise ValueError(f"{explorer}: {name} must be your function or class itself (without "
                         f"calling it), got {thing!r}")


def _close_tree(widget):
    """Close a widget and, for a box, every widget inside it."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class Explorer(widgets.VBox):
    """Base class: controls on top, the figure as a PNG image below, then an optional readout.

    A subclass's ``__init__`` makes its controls, calls ``super().__init__``, builds its artists
    once (``animate`` those that move), calls ``watch(*controls)`` and ``refresh()``; its
    ``update()`` recomputes the data and moves the artists. Attributes: figure (the matplotlib
    Figure), image (the ipywidgets.Image showing it), redraws (count of pictures sent),
    full_draws (how many of them had to redraw the static background too).
    """

    def __init__(self, figsize, controls, readout=None):
        self.figure = new_figure(figsize)
        # Shown at its own pixel size (scaling it up blurs the text), narrower if the page is.
        width = self.figure.canvas.get_width_height()[0]
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{width}px", max_width="100%", height="auto"))
        self.redraws = 0
        self.full_draws = 0
        self._holding = False
        self._animated = []
        self._backgrounds = {}
        children = [*controls, self.image] + ([readout] if readout is not None else [])
        super().__init__(children=children)

    def watch(self, *controls):
        """Refresh whenever the value of any of these controls changes."""
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, change):
        if not self._holding:
            self.refresh()

    @contextmanager
    def hold(self):
        """Change several controls at once and redraw once at the end."""
        outer = self._holding
        self._holding = True
        try:
            yield
        finally:
            self._holding = outer
        if not outer:
            self.refresh()

    def animate(self, *artists):
        """Mark artists that update() changes: they are drawn on every move, over the background."""
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        self._animated.sort(key=lambda a: a.get_zorder())

    def invalidate(self):
        """Redraw the static background on the next refresh (after changing a static artist)."""
        self._backgrounds.clear()

    def _background_state(self):
        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_visible()) for ax in self.figure.axes)

    def update(self):
        """Recompute the plotted data from the controls and move the artists (subclasses)."""
        raise NotImplementedError

    def draw(self):
        """Render the figure on its canvas: the background (cached), then the animated artists."""
        canvas = self.figure.canvas
        state = self._background_state()
        if state in self._backgrounds:
            canvas.restore_region(self._backgrounds[state])
        else:
            canvas.draw()
            self.full_draws += 1
            if len(self._backgrounds) == BACKGROUNDS_KEPT:
                del self._backgrounds[next(iter(self._backgrounds))]
            self._backgrounds[state] = canvas.copy_from_bbox(self.figure.bbox)
        for artist in self._animated:
            self.figure.draw_artist(artist)

    def refresh(self):
        """update(), draw, and send the picture to the image widget."""
        self.update()
        self.draw()
        self.image.value = png_bytes(self.figure.canvas)
        self.redraws += 1

    def close(self):
        """Close the controls and the image too, and let go of the figure."""
        for child in self.children:
            _close_tree(child)
        super().close()
        self.figure = None
