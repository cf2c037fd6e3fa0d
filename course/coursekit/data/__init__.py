"""Data sets for the course: gate truth tables, 2-D toy problems, the 8x8 digits and MNIST files.

Everything is generated or shipped locally; nothing is downloaded.
"""

from ..gates import truth_table
from .digits import load_digits
from .mnist import load_mnist, read_idx
from .synthetic import moons, spirals
from .transforms import one_hot

__all__ = ["truth_table", "spirals", "moons", "load_digits", "read_idx", "load_mnist", "one_hot"]
