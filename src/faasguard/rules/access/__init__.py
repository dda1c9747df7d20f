"""Rules of the access layer."""
