"""Training, fine-tuning, evaluating (TensorFlow imported as a job runs), judgement fitting."""
