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

/** What the provider's error codes mean for the citizen, in Vietnamese and English (its own descriptions are English only). */
const ERROR_TEXT: Record<string, { vi: string; en: string }> = {
  invalid_client: { vi: 'Ứng dụng đề nghị đăng nhập chưa được đăng ký hoặc đã bị tạm ngừng.', en: 'The application asking you to log in is not registered or has been suspended.' },
  invalid_request: { vi: 'Yêu cầu đăng nhập của dịch vụ không hợp lệ.', en: "The service's login request is not valid." },
  invalid_redirect_uri: { vi: 'Địa chỉ quay lại của dịch vụ không khớp với địa chỉ đã đăng ký.', en: "The service's return address does not match the registered one." },
  invalid_scope: { vi: 'Dịch vụ đề nghị những thông tin không được phép.', en: 'The service asked for data it may not read.' },
  unauthorized_client: { vi: 'Ứng dụng không được phép dùng cách đăng nhập này.', en: 'The application may not use this way of logging in.' },
  unsupported_response_type: { vi: 'Dịch vụ dùng cách đăng nhập không được hỗ trợ.', en: 'The service uses an unsupported way of logging in.' },
  access_denied: { vi: 'Yêu cầu đăng nhập đã bị từ chối.', en: 'The login request was declined.' },
  login_required: { vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' },
  consent_required: { vi: 'Cần sự đồng ý của bạn.', en: 'Your consent is needed.' },
  unmet_authentication_requirements: { vi: 'Dịch vụ yêu cầu tài khoản định danh điện tử mức 2.', en: 'The service requires a level-2 e-ID account.' },
  invalid_grant: { vi: 'Mã đăng nhập không hợp lệ hoặc đã hết hạn.', en: 'The login code is not valid or has expired.' },
  invalid_token: { vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn.', en: 'The login is not valid or has expired.' },
  session_not_found: { vi: 'Yêu cầu đăng nhập đã hết hạn; hãy quay lại dịch vụ và thử lại.', en: 'The login request has expired; go back to the service and try again.' },
  server_error: { vi: 'Lỗi hệ thống, đã ghi nhận. Hãy thử lại sau.', en: 'Internal error; it has been logged. Try again later.' },
};
const FALLBACK_TEXT = { vi: 'Hãy quay lại dịch vụ và thử lại.', en: 'Go back to the service and try again.' };

export function errorPage(out: object): string {
  const code = String((out as { error?: unknown }).error ?? '');
  const text = ERROR_TEXT[code] ?? FALLBACK_TEXT;
  const details = Object.entries(out)
    .map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`)
    .join('');
  return page(
    'Lỗi đăng nhập — Login error',
    `<h1>Không thực hiện được yêu cầu đăng nhập</h1><p class="en" lang="en">The login request could not be completed.</p>
<p>${escape(text.vi)}</p><p class="en" lang="en">${escape(text.en)}</p><dl>${details}</dl>`,
  );
}

export function logoutPage(form: string, client: string | undefined): string {
  return page(
    'Đăng xuất — Sign out',
    `<h1>Đăng xuất khỏi tài khoản định danh điện tử${client ? ` (${escape(client)})` : ''}?</h1><p class="en" lang="en">Sign out of your e-ID account?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Đăng xuất · Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Ở lại · Stay signed in</button>`,
  );
}

export function loggedOutPage(client: string | undefined): string {
  return page('Đã đăng xuất — Signed out', `<h1>Bạn đã đăng xuất${client ? ` khỏi ${escape(client)}` : ''}.</h1><p class="en" lang="en">You have signed out.</p>`);
}
