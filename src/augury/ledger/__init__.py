"""The forecast ledger: resolutions of forecasts and the scores of those who made them."""
