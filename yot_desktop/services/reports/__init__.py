"""Reports: panel summaries and packs, scheme evaluation, the counts behind them."""
