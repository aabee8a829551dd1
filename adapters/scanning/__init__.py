"""Malware scanning behind the MalwareScanner port: ClamAV (clamd), or none."""
