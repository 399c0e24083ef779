"""heavytail: the shared code of the book *Heavy Tails in ML, reproduced*.

Every notebook of the book imports its mathematics, simulations and fits from here; the modules are
tested in ``tests/``. Import the module you need, e.g. ``from heavytail import passk``.

Shared
    plotting            the book's single figure style
    notebook            the one setup call of every page (parameters, style, threads, the page's generator)
    _validate           input validation (clear ValueError/TypeError naming the argument)
Part I, heavy tails
    tails               stable laws and the generalized CLT, Pareto shares, Lévy flights, tail-exponent fits
    stable              one-sided stable limits (the Lévy law, a = 1/2) of positive heavy-tailed sums
    spectra             Marchenko–Pastur, heavy-tailed random matrices, BBP, spectra of trained layers
    zoo                 a zoo of small MLPs: do spectral metrics rank networks by test accuracy?
Part II, repeated sampling
    passk               the pass@k estimator, exact aggregates over a difficulty distribution, tail laws
    distributions       Kumaraswamy (scaled) and continuous Bernoulli as scipy.stats distributions
    data                per-problem counts: loaders, the upstream is_corrects format, a simulated stand-in
    estimators          pass@k forecasters (least squares, distributional, beta-binomial) with intervals
    backtest            synthetic and held-out backtests of the forecasters
    planning            where to spend the next samples
    deviations          benchmarks that break the power law, and their diagnostic
    stopping            stop-at-first-success sampling (a best-of-N jailbreaking stand-in) and its likelihood
    dark_matter         a mixture of power laws (the source's "dark matter"), and sums of exponentials
Part III, composition
    composition         the k-fold composition model: losses, gradients, population GD, online SGD
    neural_composition  a small network on the hidden-sign composition task
Part IV, tail failures
    quanta              multitask sparse parity, its MLP grid, per-subtask evaluation and predictability fits
    ciphers             a small character model decoding Zipf-frequent shift ciphers (embers of
    autoregression)
    depth               depth against width at a fixed parameter count on multitask sparse parity

Command line: ``python -m heavytail forecast counts.csv --k 10000``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("heavytail")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
