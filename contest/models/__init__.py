"""All models, imported here so Alembic and the app see every table."""
from .attempt import AnswerLog, Attempt, AttemptEvent, AttemptState, CurrentAnswer, TimeCredit
from .audit import AuditEntry, AuditHead
from .ceremony import Appeal, Broadcast, BroadcastAck, Confirmation, PrintJob, SeatDraw
from .contest import Contest, ContestMode, ModuleSession, SessionState
from .contestant import Contestant, ContestantStatus
from .files import StoredFile
from .scoring import ItemOverride
from .user import LoginThrottle, Role, User
from .voice import UploadState, VoiceAssignment, VoiceMark, VoicePin, VoiceUpload

__all__ = [
    "Appeal", "Broadcast", "BroadcastAck", "Confirmation", "PrintJob", "SeatDraw",
    "AnswerLog", "Attempt", "AttemptEvent", "AttemptState", "AuditEntry", "AuditHead", "Contest",
    "ContestMode", "Contestant", "ContestantStatus", "CurrentAnswer", "ItemOverride",
    "LoginThrottle", "ModuleSession", "Role", "SessionState", "StoredFile", "TimeCredit", "User",
    "UploadState", "VoiceAssignment", "VoiceMark", "VoicePin", "VoiceUpload",
]
