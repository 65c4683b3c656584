"""The benchmark harness (`make bench`, docs/PERFORMANCE.md)."""
