"""coursekit: the companion package of "Deep Learning from Scratch, day by day".

Reference implementations (the course's answer key), data sets, plots, explorers, and the checks
that the notebooks' test cells call.
"""

__version__ = "0.1.0"
