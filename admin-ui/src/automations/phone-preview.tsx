// The SMS as a recipient sees it, in a CSS phone mock-up.
import './phone-preview.css';

interface PhonePreviewProps {
  /** The sender shown at the top of the conversation (sender ID or shop name). */
  sender: string;
  /** The full message text (prefix, rendered template, footer). */
  text: string;
}

export function PhonePreview({ sender, text }: PhonePreviewProps) {
  const initial = Array.from(sender.trim())[0]?.toUpperCase() ?? '?';
  const empty = text.trim() === '';
  return (
    <div className="tl-phone" role="figure" aria-label="SMS preview">
      <div className="tl-phone__screen">
        <div className="tl-phone__notch" />
        <div className="tl-phone__header">
          <div className="tl-phone__avatar" aria-hidden>
            {initial}
          </div>
          <div className="tl-phone__sender">{sender}</div>
        </div>
        <div className="tl-phone__thread">
          <div className="tl-phone__time">Text Message · Today</div>
          <div
            className={empty ? 'tl-phone__bubble tl-phone__bubble--empty' : 'tl-phone__bubble'}
            data-testid="sms-preview-text"
          >
            {empty ? 'Your message will appear here.' : text}
          </div>
        </div>
      </div>
      <div className="tl-phone__home" />
    </div>
  );
}
