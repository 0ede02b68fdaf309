"""Reports: panel summaries and packs, scheme evaluation, and the counts behind them."""
