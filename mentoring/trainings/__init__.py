"""The training bank: short trainings on the tools of the job, their tests and verified levels."""
