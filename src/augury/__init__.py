"""Augury: a sourced, structured picture of who said, predicted and did what in the news."""

__version__ = "0.1.0"
