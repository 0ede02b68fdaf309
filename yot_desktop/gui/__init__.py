"""The PySide6 user interface. Widgets collect input and call services; they decide nothing."""
