"""Development-only helpers (test policy plugins); not imported by the running product."""
