"""Rules of the runtime layer."""
