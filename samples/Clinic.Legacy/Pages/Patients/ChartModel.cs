using Clinic.Legacy.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Clinic.Legacy.Pages.Patients;

/// <summary>
/// The chart page: shows a patient's record and accepts a clinical note. No [Authorize] (CMP3005),
/// no [Audited] (CMP3001), no [Validated] (CMP3004), no rate limit (CMP3002), and the page opts
/// out of the antiforgery validation Razor Pages would otherwise perform (CMP3006).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ChartModel(PatientStore store) : PageModel
{
    public Patient? Patient { get; private set; }

    [BindProperty]
    public NoteInput Note { get; set; } = new();

    public void OnGet(int id) => Patient = store.Find(id);

    public IActionResult OnPost(int id)
    {
        Patient = store.Find(id);
        return Page();
    }

    public sealed class NoteInput
    {
        public string Text { get; set; } = "";
    }
}
