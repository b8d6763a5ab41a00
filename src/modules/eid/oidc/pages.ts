/**
 * The few pages oidc-provider renders itself (errors, logout confirmation). Its defaults load
 * a Google font; these are self-contained, bilingual, and styled like the portal.
 */
const escape = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>
body{font-family:system-ui,"Noto Sans",sans-serif;background:#f4f6f8;color:#1d2733;margin:0;padding:48px 16px}
main{max-width:440px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 12px}p{line-height:1.5}.en{color:#5b6776;font-size:.9rem}
button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #b42318;background:#b42318;color:#fff;cursor:pointer;margin-right:8px}
button.secondary{background:#fff;color:#1d2733;border-color:#c3cbd5}dl{font-size:.85rem;color:#5b6776}dt{font-weight:600}
</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(out: object): string {
  const details = Object.entries(out)
    .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`)
    .join('');
  return page('Lỗi đăng nhập — Login error', `<h1>Không thực hiện được yêu cầu đăng nhập</h1><p class="en">The login request could not be completed.</p><dl>${details}</dl>`);
}

export function logoutPage(form: string, client: string | undefined): string {
  return page(
    'Đăng xuất — Sign out',
    `<h1>Đăng xuất khỏi tài khoản định danh điện tử${client ? ` (${escape(client)})` : ''}?</h1><p class="en">Sign out of your e-ID account?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất · Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Ở lại · Stay signed in</button>`,
  );
}

export function loggedOutPage(client: string | undefined): string {
  return page('Đã đăng xuất — Signed out', `<h1>Bạn đã đăng xuất${client ? ` khỏi ${escape(client)}` : ''}.</h1><p class="en">You have signed out.</p>`);
}
