#!/usr/bin/env python3
"""The yardstick of TransferBench: boto3's managed transfers against the local stack's S3.

Started once by dev.cloudfiles.bench.TransferBench, it reads one command per line on stdin and
answers one line on stdout, so that neither Python's start nor boto3's import is timed:

    put LOCAL_FILE KEY   ->  "ok SECONDS CPU_SECONDS"   (boto3.s3.transfer upload_file)
    get KEY LOCAL_FILE   ->  "ok SECONDS CPU_SECONDS"   (download_file)
    delete KEY           ->  "ok SECONDS CPU_SECONDS"

CPU_SECONDS is this process's CPU time (all threads) during the command: how busy Python was.

Arguments: ENDPOINT ACCESS_KEY SECRET_KEY BUCKET. TransferConfig: 8 MiB chunks and threshold,
8 threads (boto3's defaults, spelled out). Checksums only when required, so that both sides move
bytes and nothing else: the Java client computes none either.
"""
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

MIB = 1024 * 1024


def main():
    endpoint, access, secret, bucket = sys.argv[1:5]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=access,
        aws_secret_access_key=secret,
        region_name="us-east-1",
        config=Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            max_pool_connections=16,
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    )
    transfer = TransferConfig(
        multipart_threshold=8 * MIB,
        multipart_chunksize=8 * MIB,
        max_concurrency=8,
        use_threads=True,
    )
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            started = time.perf_counter()
            cpu = time.process_time()
            if words[0] == "put":
                s3.upload_file(words[1], bucket, words[2], Config=transfer)
            elif words[0] == "get":
                s3.download_file(bucket, words[1], words[2], Config=transfer)
            elif words[0] == "delete":
                s3.delete_object(Bucket=bucket, Key=words[1])
            else:
                raise ValueError("unknown command " + words[0])
            print("ok %.6f %.6f" % (time.perf_counter() - started, time.process_time() - cpu), flush=True)
        except Exception as e:  # the benchmark stops on any failure, with this line
            print("error %s" % str(e).replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
