namespace P2PClinic.Web.Components.Contacts;
