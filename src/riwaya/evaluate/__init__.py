"""Evaluation: one metrics type (:mod:`riwaya.evaluate.metrics`) and one module per layer."""
