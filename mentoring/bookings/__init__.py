"""Booking sessions: host availability, free slots, bookings, group sessions, calendar files."""
