from enum import StrEnum

class AuditAction(StrEnum):
    CHANGE = "change"
    DELETE = "delete"
    READ = "read"

    def __str__(self) -> str:
        return str(self.value)
