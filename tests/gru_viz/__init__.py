"""gru_viz's tests (unit, Node and browser tiers); fixtures in conftest.py."""
