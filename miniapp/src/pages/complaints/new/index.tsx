import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_ZH,
  COMPLAINT_DESCRIPTION_MAX,
  CONTACT_PREFERENCES,
  CONTACT_PREFERENCE_ZH,
  type ComplaintCategory,
  type ContactPreference,
} from '@linli/shared/complaints';
import { fileComplaint } from '../../../api/linli';
import { newRequestId } from '../../../api/request-id';
import { whileBusy } from '../../../components/button-state';
import { complaintErrorText } from '../../../format/complaints';
import '../complaints.css';

const ORDER_ID_MAX = 64;

export default function NewComplaintPage() {
  const [category, setCategory] = useState<ComplaintCategory | null>(null);
  const [orderId, setOrderId] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState<ContactPreference>('wechat');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  // One id per submission of this form, reused on every retry: a retry never files twice.
  const requestId = useRef(newRequestId());

  const submit = async () => {
    if (busyRef.current) return;
    const text = description.trim();
    const order = orderId.trim();
    if (!category) return setFailure('请选择投诉类型');
    if (!text) return setFailure('请描述遇到的问题');
    if (text.length > COMPLAINT_DESCRIPTION_MAX) return setFailure(`问题描述不能超过 ${COMPLAINT_DESCRIPTION_MAX} 字`);
    if (order.length > ORDER_ID_MAX) return setFailure(`订单号不能超过 ${ORDER_ID_MAX} 个字符`);
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const complaint = await fileComplaint({
        requestId: requestId.current,
        category,
        ...(order ? { orderId: order } : {}),
        description: text,
        contactPreference: contact,
      });
      requestId.current = newRequestId();
      // No subscribe-message template exists for complaint updates yet, so none is requested here.
      await Taro.redirectTo({ url: `/pages/complaints/detail/index?id=${encodeURIComponent(complaint.complaintId)}` }).catch(() => undefined);
    } catch (error) {
      setFailure(complaintErrorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const over = description.length > COMPLAINT_DESCRIPTION_MAX;
  return (
    <View className='page'>
      <View className='card' data-testid='complaint-form'>
        <Text className='form-label'>投诉类型</Text>
        <View className='chips' data-testid='complaint-category'>
          {COMPLAINT_CATEGORIES.map((value) => (
            <Text
              key={value}
              className={`chip complaint-category__option ${category === value ? 'chip--on' : ''}`}
              data-testid={`complaint-category-${value}`}
              onClick={() => setCategory(value)}
            >
              {COMPLAINT_CATEGORY_ZH[value]}
            </Text>
          ))}
        </View>

        <Text className='form-label'>订单号（选填）</Text>
        <Input
          className='field complaint-order'
          data-testid='complaint-order'
          placeholder='相关订单的订单号'
          maxlength={ORDER_ID_MAX}
          value={orderId}
          onInput={(event) => setOrderId(event.detail.value)}
        />

        <Text className='form-label'>问题描述</Text>
        <Textarea
          className='textarea complaint-description'
          data-testid='complaint-description'
          placeholder='请描述遇到的问题，便于我们尽快处理'
          maxlength={COMPLAINT_DESCRIPTION_MAX}
          value={description}
          onInput={(event) => setDescription(event.detail.value)}
        />
        <Text className={`counter ${over ? 'counter--over' : ''}`} data-testid='complaint-description-count'>
          {description.length}/{COMPLAINT_DESCRIPTION_MAX}
        </Text>

        <Text className='form-label'>联系方式</Text>
        <View className='chips' data-testid='complaint-contact'>
          {CONTACT_PREFERENCES.map((value) => (
            <Text
              key={value}
              className={`chip complaint-contact__option ${contact === value ? 'chip--on' : ''}`}
              data-testid={`complaint-contact-${value}`}
              onClick={() => setContact(value)}
            >
              {CONTACT_PREFERENCE_ZH[value]}
            </Text>
          ))}
        </View>

        {failure && (
          <Text className='notice notice--error complaint-error' data-testid='complaint-error'>
            {failure}
          </Text>
        )}
        <Button className='btn btn--primary complaint-submit' data-testid='complaint-submit' {...whileBusy(busy)} onClick={() => void submit()}>
          提交
        </Button>
      </View>
    </View>
  );
}
