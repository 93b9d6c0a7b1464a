"""Give nbval the recorded outputs of the notebooks' checked cells (cell tag
``nbval-check-output``): see ``tools/expected_outputs.py``, loaded here as a pytest plugin."""
pytest_plugins = ["tools.expected_outputs"]
