"""Train, fine-tune and evaluate: the dialogs, their background workers, what they share."""
