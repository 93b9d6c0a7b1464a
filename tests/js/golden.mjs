// The golden cases that tests/gru_viz/test_views_js.py computes with gru_viz's Python math and names in
// GRU_VIZ_GOLDEN; null (and the tests that need them skip, saying why) when run on their own.
import {readFileSync} from "node:fs";

export const GOLDEN_PATH = process.env.GRU_VIZ_GOLDEN || "";
export const golden = GOLDEN_PATH ? JSON.parse(readFileSync(GOLDEN_PATH, "utf8")) : null;
export const NO_GOLDEN = golden ? false :
  "no golden values: run `pytest tests/gru_viz/test_views_js.py`, which computes them with gru_viz " +
  "in Python and runs these tests with GRU_VIZ_GOLDEN set";
