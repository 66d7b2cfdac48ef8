"""UI logic that is not a widget: view history, list rows, mention finding, palette providers."""
