"""Running the skill with no AWS account: real request envelopes into the real lambda_handler."""
