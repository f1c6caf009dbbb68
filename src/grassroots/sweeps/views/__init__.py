"""Sweep pages: campaigns, hazards, and recording visits on the phone."""
