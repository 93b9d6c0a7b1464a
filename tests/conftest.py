"""Shared test set-up: a non-interactive matplotlib backend, chosen before any test imports pyplot."""
import matplotlib

matplotlib.use("Agg")
