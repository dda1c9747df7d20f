"""Rules of the dependencies layer."""
