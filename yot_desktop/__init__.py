"""YOT Desktop: case management for youth drug diversion schemes."""

__version__ = "0.1.0"
