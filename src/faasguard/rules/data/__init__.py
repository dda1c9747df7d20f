"""Rules of the data layer."""
