"""The project's tests: gru_viz's in tests/gru_viz/, the book's and the notebooks' here."""
