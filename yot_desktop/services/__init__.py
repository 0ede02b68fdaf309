"""Use cases: the only door to the data, for the GUI and the command line alike."""
