"""`strec status`: the health and drift report of a live installation (read-only)."""
