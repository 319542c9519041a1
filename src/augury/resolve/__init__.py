"""Across documents: one actor per real entity, and forecasts grouped by question."""
