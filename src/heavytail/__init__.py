"""heavytail: the shared code of the book *Heavy Tails in ML, reproduced*.

Modules
-------
passk          pass@k estimators and exact aggregates over a distribution of success probabilities
distributions  Kumaraswamy (optionally scaled) and continuous Bernoulli as scipy.stats distributions
plotting       the book's single figure style
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("heavytail")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
