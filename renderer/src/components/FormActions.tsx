/** Save and Cancel at the foot of every form; Save says when it is on its way. */
export function FormActions({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Save for a settings form that stays on its page: "Saved." once the change is in. */
export function SaveActions({ saving, saved }: { saving: boolean; saved: boolean }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>
        Save
      </button>
      {saved ? <span role="status">Saved.</span> : null}
    </div>
  );
}
