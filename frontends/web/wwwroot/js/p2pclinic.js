// Browser-side helpers of the P2P Clinic web app. Everything else runs on the server (Blazor Server).
window.p2pclinic = {
  // The browser's IANA time zone, so the calendar shows the person's wall-clock time.
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,

  // Offers bytes (base64) as a file download: exports of contacts (.vcf) and events (.ics).
  download: (fileName, mimeType, base64) => {
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  },

  // Does nothing: a .NET call to it answers once the browser has run every call sent before it (file inputs wait
  // for that, see FileImport.razor).
  roundTrip: () => { },

  copyText: async (text) => {
    await navigator.clipboard.writeText(text);
  },

  // Drag across time slots of the scheduler's day or week view to create an event spanning them. Radzen's
  // scheduler reports single-slot clicks (SlotSelect) and moves/resizes appointments itself; the slots carry
  // data-slot-start/data-slot-end (set on render by the page), and a drag from one slot to another hands the
  // range to .NET. A press and release on the same slot is left to the scheduler's own click.
  attachSlotDrag: (host, dotnet) => {
    let from = null;
    const slotAt = (e) => e.target instanceof Element ? e.target.closest("[data-slot-start]") : null;
    const clear = () => host.querySelectorAll(".slot-dragging").forEach(s => s.classList.remove("slot-dragging"));
    const mark = (a, b) => {
      clear();
      const lo = a.dataset.slotStart < b.dataset.slotStart ? a : b;
      const hi = lo === a ? b : a;
      host.querySelectorAll("[data-slot-start]").forEach(s => {
        if (s.dataset.slotStart >= lo.dataset.slotStart && s.dataset.slotStart <= hi.dataset.slotStart
            && s.dataset.slotDay === lo.dataset.slotDay) {
          s.classList.add("slot-dragging");
        }
      });
    };
    host.addEventListener("mousedown", e => {
      if (e.button !== 0 || e.target.closest(".rz-event")) { return; }
      from = slotAt(e);
    });
    host.addEventListener("mousemove", e => {
      const over = from && slotAt(e);
      if (over) { mark(from, over); }
    });
    host.addEventListener("mouseup", e => {
      const to = from && slotAt(e);
      const start = from;
      from = null;
      clear();
      if (!start || !to || to === start) { return; }
      const lo = start.dataset.slotStart < to.dataset.slotStart ? start : to;
      const hi = lo === start ? to : start;
      dotnet.invokeMethodAsync("CreateFromDrag", lo.dataset.slotStart, hi.dataset.slotEnd);
    });
  },
};
