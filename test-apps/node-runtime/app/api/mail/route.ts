import nodemailer from 'nodemailer'

// POST /api/mail: sends through the services.mjs SMTP sink (plain SMTP).
export async function POST(request: Request) {
  const { to, subject, text } = await request.json()
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: Number(process.env.SMTP_PORT),
    secure: false,
    ignoreTLS: true,
    name: 'fixture.local',
  })
  const verified = await transport.verify()
  const info = await transport.sendMail({ from: '"Fixture" <noreply@example.com>', to, subject, text })
  transport.close()
  return Response.json({
    verified,
    accepted: info.accepted,
    rejected: info.rejected,
    response: info.response,
    envelope: info.envelope,
    messageIdShape: /^<[^@>]+@example\.com>$/.test(info.messageId),
  })
}
