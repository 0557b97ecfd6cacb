namespace P2PClinic.Web.Components.Calendar;
