"""The `classic` and `sdui` variants: pages with the real site's traits.

Data preparation is shared (one view module per page, in Python); each family has its own
templates (`templates/classic/`, `templates/sdui/`) and both share one script (`modern.js`).
"""
