"""View ▸ Walk through the network: the lesson's dock and a page per kind of step."""
