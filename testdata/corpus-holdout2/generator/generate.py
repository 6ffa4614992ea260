"""Writes every case of the held-out corpus (one module per group of cases).

Run from anywhere: python3 testdata/corpus-holdout2/generator/generate.py
Then check the labels: python3 testdata/corpus-holdout2/generator/check_labels.py
"""

import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

MODULES = [
    "aws_redshift", "aws_docdb", "aws_glue", "aws_kinesis", "aws_transfer", "aws_dms", "aws_efs",
    "aws_netfw", "aws_cicd", "aws_ses", "aws_iot", "aws_baseline",
    "gcp_a", "gcp_b", "gcp_c", "gcp_d",
    "az_a", "az_b", "az_c", "az_d",
    "k8s_a", "k8s_b", "k8s_c",
    "mixed_a", "mixed_b",
]

if __name__ == "__main__":
    for name in MODULES:
        importlib.import_module(name).cases()
