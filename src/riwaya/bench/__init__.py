"""Benchmarks: throughput, clustering at scale, page latency under load."""
