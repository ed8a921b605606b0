"""`python -m storepredict` runs the console script."""

from .cli import run

run()
