"""Body shape estimators: a body and its measurements from photos."""
