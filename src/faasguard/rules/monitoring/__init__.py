"""Rules of the monitoring layer."""
