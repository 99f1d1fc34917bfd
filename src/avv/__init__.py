"""The data processing agreement (AVV) of sms.at as code."""
