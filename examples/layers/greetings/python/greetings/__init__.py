"""A tiny pure-Python package, packaged as a Lambda layer by layerkit's example."""

from .core import greet

__all__ = ["greet"]
